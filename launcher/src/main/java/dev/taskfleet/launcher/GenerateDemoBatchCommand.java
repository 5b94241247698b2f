package dev.taskfleet.launcher;

import dev.taskfleet.launcher.cli.Environment;
import dev.taskfleet.launcher.demo.DemoBatch;
import dev.taskfleet.launcher.demo.DemoBatchGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** Regenerates {@code examples/demo-batch.jsonl}; hidden because only maintainers need it. */
@Command(name = "generate-demo-batch", hidden = true, mixinStandardHelpOptions = true,
        description = "Writes the example batch deterministically from a seed.")
final class GenerateDemoBatchCommand implements Callable<Integer> {

    @Option(names = "--count", defaultValue = "" + DemoBatchGenerator.DEFAULT_COUNT, description = "Tasks to write.")
    private int count;

    @Option(names = "--seed", defaultValue = "" + DemoBatchGenerator.DEFAULT_SEED, description = "Random seed.")
    private long seed;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Where to write (default: examples/demo-batch.jsonl in the repository).")
    private Path output;

    @Override
    public Integer call() {
        Path target = output != null ? output : Environment.home().resolve(DemoBatch.DEFAULT_FILE);
        List<String> lines = DemoBatchGenerator.generate(count, seed);
        try {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.writeString(target, DemoBatch.toJsonl(lines));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
        System.out.println("wrote " + lines.size() + " tasks to " + target);
        return 0;
    }
}
