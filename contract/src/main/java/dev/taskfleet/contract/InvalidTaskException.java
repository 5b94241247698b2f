package dev.taskfleet.contract;

/**
 * A task that breaks the contract. {@link #field()} names the offending field (or {@code task}
 * for the task as a whole) and the message says what is wrong with it, so the submitter can fix
 * it without reading code.
 */
public class InvalidTaskException extends Exception {

    private final String field;
    private final String problem;

    public InvalidTaskException(String field, String problem) {
        super("field '" + field + "': " + problem);
        this.field = field;
        this.problem = problem;
    }

    public String field() {
        return field;
    }

    public String problem() {
        return problem;
    }
}
