package io.dorisops.internal.journal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorisops.DorisOpsException;
import io.dorisops.internal.DurableFiles;
import io.dorisops.internal.Excerpt;
import io.dorisops.internal.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The append-only file of one run: one JSON object per line, each forced to disk before the runner
 * goes on, so a runner killed with SIGKILL leaves a file {@code resume} can trust up to its last
 * complete line.
 *
 * <p>A torn tail (the crash or a full disk came mid-write) is cut off when the journal is opened
 * again, before anything is appended, and a {@code repaired} entry records how many bytes went. Within
 * one process, an append after a failed write starts on a new line, so the torn fragment stays a
 * damaged line of its own and never glues onto the next entry. A new journal's directory is forced to
 * disk with the file's name in it.
 * Reading skips a line that does not parse and reports it instead of stopping there, so nothing
 * after a damaged line becomes invisible. {@link RunJournal} gives the entries their types.
 */
public final class Journal implements AutoCloseable {

    /** Where the bytes go: a file channel, or a test's faulty disk. */
    public interface Sink extends AutoCloseable {
        void write(ByteBuffer bytes) throws IOException;

        void force() throws IOException;

        @Override
        void close() throws IOException;
    }

    /** An entry that parsed, and its line number in the file. */
    record Line(int number, JsonNode entry) {}

    /** Entries that parsed, and a sentence for each line that did not (file and line, what is wrong). */
    public record Read(List<Line> lines, List<String> damaged) {
        /** The entries alone, in file order. */
        public List<JsonNode> entries() {
            return lines.stream().map(Line::entry).toList();
        }
    }

    private final Path file;
    private final Sink sink;
    /** Whether each entry is forced to disk before {@link #append} returns. */
    private final boolean sync;
    /** A write failed part-way: the file may end inside a line. */
    private boolean torn;

    private Journal(Path file, Sink sink, boolean sync) {
        this.file = file;
        this.sink = sink;
        this.sync = sync;
    }

    /** Opens a journal for appending, creating it and its directory, repairing a torn tail first. */
    static Journal open(Path file) {
        return open(file, true);
    }

    /**
     * Like {@link #open(Path)}; with {@code sync} false an entry is written but not forced to disk (a test
     * on a fake cluster: a power loss may lose the last entries).
     */
    static Journal open(Path file, boolean sync) {
        return open(file, null, sync);
    }

    /** Like {@link #open(Path)}, writing through {@code sink} when given (tests simulate a full disk). */
    public static Journal open(Path file, Sink sink) {
        return open(file, sink, true);
    }

    /** Like {@link #open(Path, Sink)}; with {@code sync} false no entry is forced. */
    static Journal open(Path file, Sink sink, boolean sync) {
        try {
            Path dir = file.toAbsolutePath().getParent();
            boolean newDir = !Files.isDirectory(dir);
            Files.createDirectories(dir);
            if (newDir) {
                DurableFiles.syncDirectory(dir.getParent());
            }
            boolean created = !Files.exists(file);
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            if (created) {
                DurableFiles.syncDirectory(dir);
            }
            long torn = repair(channel);
            channel.position(channel.size());
            Journal journal = new Journal(file, sink != null ? sink : channelSink(channel), sync);
            if (sink != null) {
                channel.close();
            }
            if (torn > 0) {
                journal.append("repaired", Map.of("droppedBytes", torn));
            }
            return journal;
        } catch (IOException e) {
            throw new DorisOpsException(
                    "cannot open the journal " + file + ": " + e.getMessage()
                            + "; check that the state directory is writable and has free space",
                    e);
        }
    }

    /** Cuts the file after its last newline; returns how many bytes were cut. */
    private static long repair(FileChannel channel) throws IOException {
        long size = channel.size();
        if (size == 0) {
            return 0;
        }
        long end = size;
        ByteBuffer one = ByteBuffer.allocate(1);
        while (end > 0) {
            one.clear();
            channel.read(one, end - 1);
            if (one.get(0) == '\n') {
                break;
            }
            end--;
        }
        if (end == size) {
            return 0;
        }
        channel.truncate(end);
        channel.force(true);
        return size - end;
    }

    private static Sink channelSink(FileChannel channel) {
        return new Sink() {
            @Override
            public void write(ByteBuffer bytes) throws IOException {
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
            }

            @Override
            public void force() throws IOException {
                channel.force(false);
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    Path file() {
        return file;
    }

    /** Appends one entry and forces it to disk (unless opened without sync). */
    synchronized void append(String type, Map<String, ?> fields) {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("type", type);
        entry.put("time", Instant.now().toString());
        fields.forEach((key, value) -> entry.set(key, Json.MAPPER.valueToTree(value)));
        try {
            String text = (torn ? "\n" : "") + Json.MAPPER.writeValueAsString(entry) + "\n";
            torn = true;
            sink.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            torn = false;
            if (sync) {
                sink.force();
            }
        } catch (IOException e) {
            throw new DorisOpsException(
                    "cannot write the journal " + file + ": " + e.getMessage()
                            + "; free disk space in the state directory, then resume",
                    e);
        }
    }

    /**
     * Reads every entry that parses; a damaged line is reported and skipped: one that is not UTF-8 (a
     * tail torn inside a multi-byte character), not JSON, or no object with a {@code type}.
     *
     * @throws DorisOpsException when the file cannot be read at all
     */
    public static Read read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new DorisOpsException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        List<Line> lines = new ArrayList<>();
        List<String> damaged = new ArrayList<>();
        int start = 0;
        for (int number = 1; start < bytes.length; number++) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            String problem = parse(bytes, start, end, number, lines);
            if (problem != null) {
                damaged.add(where(file, number) + " is damaged and was skipped: " + problem);
            }
            start = end + 1;
        }
        return new Read(lines, damaged);
    }

    /** {@code upgrade-1.jsonl line 3}: where a damaged line is, for messages. */
    static String where(Path file, int line) {
        return file.getFileName() + " line " + line;
    }

    /** Adds the entry of bytes [start, end) to {@code lines}; returns what is wrong with it, or null. */
    private static String parse(byte[] bytes, int start, int end, int number, List<Line> lines) {
        String line;
        try {
            line = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, start, end - start))
                    .toString();
        } catch (CharacterCodingException e) {
            return "not UTF-8 text (" + (end - start) + " bytes; cut inside a character?)";
        }
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode entry = Json.MAPPER.readTree(line);
            if (entry != null && entry.isObject() && entry.path("type").isTextual()) {
                lines.add(new Line(number, entry));
                return null;
            }
        } catch (JsonProcessingException e) {
            // reported below
        }
        return Excerpt.quote(line);
    }

    @Override
    public void close() {
        try {
            sink.close();
        } catch (IOException e) {
            throw new DorisOpsException("cannot close the journal " + file + ": " + e.getMessage(), e);
        }
    }
}
