package org.phoneflasher.firmware;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A .loads file: a signed header, then text listing the load's components one per line (CRLF on 79x1 and later, LF
 * on 7940/60, trailing spaces seen in the wild), with '#' comment lines such as "# RELEASE load version 9-4-2SR3-1S"
 * and key=value lines such as "LA_VERSION=PAS30831" on 7940/60 loads.
 */
public record LoadsFile(SignedHeader header, List<String> components, Optional<String> release) {
    /** A real .loads is under 2 KB; anything far larger is not one. */
    public static final int MAX_SIZE = 64 * 1024;

    public LoadsFile {
        components = List.copyOf(components);
    }

    public static LoadsFile parse(ByteBuffer bytes) throws SignedHeader.BadHeader {
        if (bytes.remaining() > MAX_SIZE) {
            throw new SignedHeader.BadHeader("too large for a .loads file (" + bytes.remaining() + " bytes)");
        }
        SignedHeader header = SignedHeader.read(bytes);
        ByteBuffer text = bytes.duplicate();
        text.position(text.position() + header.length());
        List<String> components = new ArrayList<>();
        Optional<String> release = Optional.empty();
        for (String raw : StandardCharsets.ISO_8859_1.decode(text).toString().split("\r?\n|\r")) {
            String line = raw.strip();
            if (line.isEmpty() || line.indexOf('=') >= 0 || line.indexOf('\0') >= 0) {
                continue;
            }
            if (line.startsWith("#")) {
                String comment = line.substring(1).strip();
                if (comment.regionMatches(true, 0, "RELEASE load version", 0, 20)) {
                    release = Optional.of(comment.substring(20).strip());
                }
                continue;
            }
            components.add(line);
        }
        if (components.isEmpty()) {
            throw new SignedHeader.BadHeader("lists no component files");
        }
        return new LoadsFile(header, components, release);
    }
}
