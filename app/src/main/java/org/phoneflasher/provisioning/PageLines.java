package org.phoneflasher.provisioning;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.phoneflasher.net.Mac;

/**
 * The lines an admin assigns on the status page, kept in the data folder's phones.csv (the stick stays read-only).
 * {@link Profiles#read} reads that file beside the stick's and lets its rows win for every MAC it names. A change is
 * checked by {@link PhoneBook#parse}, the parser both files are read with, and written only when it has no problem;
 * the file is replaced whole (temp file, fsync, rename), its other phones' rows as they were.
 */
public final class PageLines {
    private final Path file;
    private final Supplier<Profiles> profiles;
    /** Bumped at each write, so whoever caches the profiles reads them again before the next config. */
    private final AtomicLong generation = new AtomicLong();

    /** @param profiles the profiles as the configs are made from them now (flasher.conf's profile names, each phone's lines) */
    public PageLines(Path dataDir, Supplier<Profiles> profiles) {
        this.file = dataDir.resolve(PhoneBook.FILE_NAME);
        this.profiles = profiles;
    }

    public long generation() {
        return generation.get();
    }

    /** The data folder's phones.csv, as messages name it. */
    public Path file() {
        return file;
    }

    /** A line as the form shows it: no password, only whether one is stored; a value equal to the extension is empty. */
    public record LineView(int button, String extension, String authName, String displayName, String label, String profile,
            boolean passwordSet) {}

    /**
     * What the page shows of one phone's lines: the rows the phone gets now, which file they come from ("page",
     * "stick" or "none"), and whether the stick also names a phone whose lines come from the page.
     */
    public record View(Mac mac, String source, boolean stickAlsoNames, String pageFile, List<LineView> lines,
            List<String> profiles) {}

    /** The form's fields as typed; an empty password keeps the one stored for that line (on the page or the stick). */
    public record Assignment(String line, String extension, String authName, String password, String displayName, String label,
            String profile) {}

    /** A change not made: each problem as the parser words it (naming the field, never a value but MAC, line, profile). */
    public static final class Refused extends Exception {
        private final List<String> problems;

        public Refused(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

    public View view(Mac mac) {
        Profiles now = profiles.get();
        Optional<Profiles.LineSource> source = now.source(mac);
        List<LineView> lines = now.phones().rows(mac).stream().map(e -> new LineView(e.button(), e.extension(),
                unlessExtension(e.authName(), e), unlessExtension(e.displayName(), e), unlessExtension(e.label(), e), e.profile(),
                !e.password().isEmpty())).toList();
        List<String> names = new ArrayList<>();
        names.add(Profile.DEFAULT_NAME);
        names.addAll(now.named().keySet());
        return new View(mac, source.map(s -> s.page() ? "page" : "stick").orElse("none"),
                source.map(Profiles.LineSource::stickAlsoNames).orElse(false), file.toString(), lines, names);
    }

    /** Sets one line of the phone (adds it, or changes the one on that button); the profile is the phone's, for all its lines. */
    public synchronized String assign(Mac mac, Assignment a) throws Refused, IOException {
        Rows rows = rows(mac);
        String line = a.line() == null ? "" : a.line().strip();
        Optional<List<String>> stored = rows.mine().stream().filter(r -> sameButton(r, line)).findFirst();
        String password = a.password() == null || a.password().isEmpty() ? stored.map(r -> field(r, 4)).orElse("") : a.password();
        List<String> row = new ArrayList<>(List.of(mac.toString(), text(a.label()), text(a.extension()), text(a.authName()), password,
                text(a.displayName()), text(a.profile()), stored.map(r -> field(r, 7)).orElse(""), line));
        // The form's row alone first, so its problems name the form rather than a row of a file.
        List<String> formProblems = PhoneBook.parse(Csv.line(PhoneBook.HEADER) + Csv.line(row), "form", this::profileExists).problems();
        if (!formProblems.isEmpty()) {
            throw new Refused(formProblems.stream().map(p -> p.replaceFirst("^form row 2", "the form")).toList());
        }
        List<List<String>> mine = new ArrayList<>();
        boolean placed = false;
        for (List<String> r : rows.mine()) {
            List<String> kept = new ArrayList<>(r);
            while (kept.size() < PhoneBook.MAX_FIELDS) {
                kept.add("");
            }
            kept.set(6, row.get(6)); // one profile per phone
            if (sameButton(r, line)) {
                mine.add(row);
                placed = true;
            } else {
                mine.add(kept);
            }
        }
        if (!placed) {
            mine.add(row);
        }
        write(mac, rows, mine);
        String clash = profiles.get().speedDialUnder(row.get(6), buttonOf(line)).map(c -> "; note: the line " + c).orElse("");
        // A phone asks for SEP<MAC>.cnf.xml when it boots (waynemerricks/Cisco7942FreePBX README, GaryJS3/HomeIPhone roadmap.md).
        return "saved line " + buttonOf(line) + " of " + mac + " (extension " + row.get(2) + "): power-cycle the phone to take it"
                + " (it reads its config when it boots)" + clash;
    }

    /** Takes one line of the phone off the page's file; a phone left with none there gets the stick's lines again, if any. */
    public synchronized String delete(Mac mac, String line) throws Refused, IOException {
        Rows rows = rows(mac);
        String button = line == null ? "" : line.strip();
        List<List<String>> mine = rows.mine().stream().filter(r -> !sameButton(r, button)).toList();
        if (mine.size() == rows.mine().size()) {
            throw new Refused(List.of("the form: " + mac + " has no line " + buttonOf(button) + " to delete"));
        }
        if (mine.isEmpty() && !rows.fromPage()) {
            throw new Refused(List.of("the form: line " + buttonOf(button) + " of " + mac + " is the stick's only line for it, and"
                    + " the stick stays read-only: give the phone a line here instead, or edit the stick's " + PhoneBook.FILE_NAME));
        }
        write(mac, rows, mine);
        boolean stick = profiles.get().source(mac).map(s -> !s.page() || s.stickAlsoNames()).orElse(false);
        String left = !mine.isEmpty() ? "" : stick ? "; its lines come from the stick's " + PhoneBook.FILE_NAME + " again"
                : "; it gets the placeholder line";
        return "deleted line " + buttonOf(button) + " of " + mac + left + ": power-cycle the phone to take it";
    }

    /**
     * The page's file as rows, split into this phone's and the others (kept as they are). A phone the page's file does
     * not name starts from the lines the stick gives it, so changing one of them keeps the others.
     */
    private record Rows(List<List<String>> before, List<List<String>> mine, List<List<String>> after, boolean fromPage) {}

    private Rows rows(Mac mac) throws Refused, IOException {
        List<List<String>> before = new ArrayList<>();
        List<List<String>> mine = new ArrayList<>();
        List<List<String>> after = new ArrayList<>();
        Csv.Parsed parsed = Csv.parse(read());
        if (!parsed.problems().isEmpty()) {
            // Rewriting would drop the rows it cannot read: those are someone's edits by hand.
            throw new Refused(parsed.problems().stream().map(p -> file + " row " + p.line() + ": " + p.what()
                    + "; fix the file by hand before changing lines on the page").toList());
        }
        boolean first = true;
        for (Csv.Row row : parsed.rows()) {
            boolean header = first && PhoneBook.isHeader(row);
            first = false;
            if (header || row.fields().stream().allMatch(String::isBlank)) {
                continue;
            }
            if (Mac.parse(row.fields().get(0).strip()).filter(mac::equals).isPresent()) {
                mine.add(row.fields());
            } else {
                (mine.isEmpty() ? before : after).add(row.fields());
            }
        }
        if (!mine.isEmpty()) {
            return new Rows(before, mine, after, true);
        }
        Profiles now = profiles.get();
        boolean fromStick = now.source(mac).filter(s -> !s.page()).isPresent();
        for (PhoneEntry e : fromStick ? now.phones().rows(mac) : List.<PhoneEntry>of()) {
            mine.add(List.of(mac.toString(), unlessExtension(e.label(), e), e.extension(), unlessExtension(e.authName(), e),
                    e.password().reveal(), unlessExtension(e.displayName(), e), e.profile(), unlessExtension(e.contact(), e),
                    String.valueOf(e.button())));
        }
        return new Rows(before, mine, after, false);
    }

    private String read() throws Refused, IOException {
        Optional<Path> found = Files.isDirectory(file.getParent()) ? Profiles.locate(file.getParent(), PhoneBook.FILE_NAME)
                : Optional.empty();
        if (found.isEmpty()) {
            return "";
        }
        try {
            return Profiles.csvText(found.get());
        } catch (Profiles.CsvUnreadable e) {
            throw new Refused(List.of(file + ": " + e.getMessage() + "; fix it by hand first"));
        }
    }

    /** The whole file again, checked as the box will read it, then swapped in; nothing is written on a problem. */
    private void write(Mac mac, Rows rows, List<List<String>> mine) throws Refused, IOException {
        List<List<String>> sorted = new ArrayList<>(mine);
        sorted.sort(java.util.Comparator.comparingInt(r -> buttonOf(field(r, 8))));
        StringBuilder text = new StringBuilder(Csv.line(PhoneBook.HEADER));
        rows.before().forEach(r -> text.append(Csv.line(r)));
        sorted.forEach(r -> text.append(Csv.line(r)));
        rows.after().forEach(r -> text.append(Csv.line(r)));
        StringBuilder phone = new StringBuilder(Csv.line(PhoneBook.HEADER));
        sorted.forEach(r -> phone.append(Csv.line(r)));
        List<String> problems = PhoneBook.parse(phone.toString(), file + " (" + mac + "'s lines)", this::profileExists).problems();
        if (!problems.isEmpty()) {
            throw new Refused(problems);
        }
        byte[] bytes = text.toString().getBytes(StandardCharsets.UTF_8);
        if (bytes.length > Profiles.MAX_CSV_SIZE) {
            throw new Refused(List.of(file + ": would be larger than " + Profiles.MAX_CSV_SIZE / 1024 + " KB; not written"));
        }
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve(PhoneBook.FILE_NAME + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        // Another spelling of the name (PHONES.CSV put there by hand) would be read instead of ours: ours replaces it.
        Optional<Path> other = Profiles.locate(dir, PhoneBook.FILE_NAME).filter(p -> !p.getFileName().toString().equals(PhoneBook.FILE_NAME));
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        if (other.isPresent() && Files.exists(other.get()) && !Files.isSameFile(other.get(), file)) {
            Files.deleteIfExists(other.get());
        }
        // The rename is durable once the folder's entry is on disk too.
        try (FileChannel folder = FileChannel.open(dir, StandardOpenOption.READ)) {
            folder.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a folder; the file itself is synced.
        }
        generation.incrementAndGet();
    }

    private boolean profileExists(String name) {
        return profiles.get().named().containsKey(name);
    }

    private static boolean sameButton(List<String> row, String line) {
        return buttonOf(field(row, 8)) == buttonOf(line);
    }

    /** The line's button as the parser reads it (empty is 1); -1 for text that is no number, matching no row. */
    private static int buttonOf(String line) {
        String t = line.strip();
        if (t.isEmpty()) {
            return 1;
        }
        try {
            return Integer.parseInt(t);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String field(List<String> row, int i) {
        return i < row.size() ? row.get(i) : "";
    }

    private static String text(String s) {
        return s == null ? "" : s.strip();
    }

    private static String unlessExtension(String value, PhoneEntry e) {
        return value.equals(e.extension()) ? "" : value;
    }
}
