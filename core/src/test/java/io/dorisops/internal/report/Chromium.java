package io.dorisops.internal.report;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Headless Chromium as a process (Debian's {@code chromium}): the DOM a page renders to, and a
 * screenshot of it. {@link #find()} is empty where no Chromium is installed, for a test assumption.
 */
public final class Chromium {

    private final Path binary;
    private final Path profile;

    private Chromium(Path binary, Path profile) {
        this.binary = binary;
        this.profile = profile;
    }

    /** Chromium from {@code $CHROMIUM} or the PATH, with a fresh profile under {@code work}. */
    public static Optional<Chromium> find(Path work) throws IOException {
        List<Path> candidates = new ArrayList<>();
        String given = System.getenv("CHROMIUM");
        if (given != null && !given.isBlank()) {
            candidates.add(Path.of(given));
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
                candidates.add(Path.of(dir, name));
            }
        }
        Optional<Path> binary = candidates.stream().filter(Files::isExecutable).findFirst();
        if (binary.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Chromium(binary.get(), Files.createDirectories(work.resolve("chromium-profile"))));
    }

    /** The DOM after Chromium parsed and laid out the page, serialized. */
    public String dumpDom(Path page) throws IOException, InterruptedException {
        return new String(run(List.of("--dump-dom", page.toUri().toString())), StandardCharsets.UTF_8);
    }

    /** A PNG of the page in a window of {@code width} × {@code height}. */
    public BufferedImage screenshot(Path page, Path png, int width, int height)
            throws IOException, InterruptedException {
        Files.deleteIfExists(png);
        run(List.of(
                "--screenshot=" + png.toAbsolutePath(),
                "--window-size=" + width + "," + height,
                "--hide-scrollbars",
                page.toUri().toString()));
        if (!Files.exists(png)) {
            throw new IllegalStateException("chromium wrote no screenshot to " + png);
        }
        return ImageIO.read(png.toFile());
    }

    private byte[] run(List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                binary.toString(),
                "--headless",
                "--disable-gpu",
                "--no-sandbox",
                "--no-first-run",
                "--user-data-dir=" + profile));
        command.addAll(args);
        Path log = Files.createTempFile(profile, "stderr", ".log");
        Process process =
                new ProcessBuilder(command).redirectError(log.toFile()).start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("chromium did not finish in 60s: " + command);
        }
        if (process.exitValue() != 0) {
            try (Stream<String> lines = Files.lines(log)) {
                throw new IllegalStateException(
                        "chromium exited with " + process.exitValue() + ": " + String.join("\n", lines.toList()));
            }
        }
        return out;
    }

    /**
     * The horizontal bands of the image where some pixel has {@code rgb} (within a small tolerance):
     * each band as {@code [firstY, lastY]}.
     */
    public static List<int[]> bands(BufferedImage image, int rgb) {
        List<int[]> bands = new ArrayList<>();
        int start = -1;
        for (int y = 0; y < image.getHeight(); y++) {
            boolean hit = false;
            for (int x = 0; x < image.getWidth() && !hit; x++) {
                hit = close(image.getRGB(x, y), rgb);
            }
            if (hit && start < 0) {
                start = y;
            } else if (!hit && start >= 0) {
                bands.add(new int[] {start, y - 1});
                start = -1;
            }
        }
        if (start >= 0) {
            bands.add(new int[] {start, image.getHeight() - 1});
        }
        return bands;
    }

    private static boolean close(int a, int b) {
        for (int shift = 0; shift <= 16; shift += 8) {
            if (Math.abs(((a >> shift) & 0xff) - ((b >> shift) & 0xff)) > 6) {
                return false;
            }
        }
        return true;
    }
}
