package dev.taskfleet.policy;

/**
 * A policy file that cannot be used. The message always has the form
 * {@code <source>:<line>: <problem>}, the shape editors and CI logs turn into a link, because
 * the person reading it is about to open the file at that line.
 */
public final class PolicyException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;

    /**
     * @param source  the file name (or another name of where the YAML came from)
     * @param line    1-based line of the mistake; 0 when it concerns the file as a whole
     * @param problem what is wrong, in one sentence
     */
    public PolicyException(String source, int line, String problem) {
        super(source + ":" + line + ": " + problem);
        this.source = source;
        this.line = line;
    }

    public String source() {
        return source;
    }

    public int line() {
        return line;
    }
}
