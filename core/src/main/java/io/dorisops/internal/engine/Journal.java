package io.dorisops.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dorisops.DorisOpsException;
import io.dorisops.internal.json.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The append-only record of one run: one JSON object per line, each line forced to disk before the
 * engine goes on, so a runner killed with SIGKILL leaves a journal that {@code resume} can trust up to
 * its last line. A torn last line (the crash came mid-write) is ignored when reading.
 *
 * <p>Entries: {@code run} (the plan, who, where, what was forced), {@code balance} (the switch values
 * before the pause), {@code staged}, {@code action} (one finished action on one node), {@code
 * node-done}, {@code rolled-back}, {@code end} (the outcome).
 */
final class Journal implements AutoCloseable {

    private final Path file;
    private final FileChannel channel;

    private Journal(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Opens a journal for appending, creating it and its directory. */
    static Journal open(Path file) {
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(
                    file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new Journal(file, channel);
        } catch (IOException e) {
            throw new DorisOpsException(
                    "cannot open the journal " + file + ": " + e.getMessage()
                            + "; check that the state directory is writable",
                    e);
        }
    }

    Path file() {
        return file;
    }

    /** Appends one entry and forces it to disk. */
    synchronized void append(String type, Map<String, ?> fields) {
        ObjectNode entry = Json.MAPPER.createObjectNode();
        entry.put("type", type);
        entry.put("time", Instant.now().toString());
        fields.forEach((key, value) -> entry.set(key, Json.MAPPER.valueToTree(value)));
        try {
            byte[] line = (Json.MAPPER.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            ByteBuffer buffer = ByteBuffer.wrap(line);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(false);
        } catch (IOException e) {
            throw new DorisOpsException(
                    "cannot write the journal " + file + ": " + e.getMessage()
                            + "; free disk space in the state directory, then resume",
                    e);
        }
    }

    /** Reads every complete entry of a journal file. */
    static List<JsonNode> read(Path file) {
        List<JsonNode> entries = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new DorisOpsException("cannot read the journal " + file + ": " + e.getMessage(), e);
        }
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            try {
                entries.add(Json.MAPPER.readTree(line));
            } catch (JsonProcessingException e) {
                // A torn last line from a crash mid-write: everything before it is intact.
                break;
            }
        }
        return entries;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new DorisOpsException("cannot close the journal " + file + ": " + e.getMessage(), e);
        }
    }
}
