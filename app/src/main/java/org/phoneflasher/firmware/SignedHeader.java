package org.phoneflasher.firmware;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The signed header Cisco puts before .loads, .sbn, .sb2 and .sgn content: TLV records (1-byte tag, 2-byte
 * big-endian length, value), tag 1 the format version, tag 2 the total header length, tag 14 the file's own name
 * NUL-terminated (dkgroot/provision_sccp tools/certutils). The signature cannot be checked without Cisco's key.
 */
public record SignedHeader(int major, int minor, int length, Optional<String> fileName) {
    static final int TAG_VERSION = 1;
    static final int TAG_HEADER_LENGTH = 2;
    static final int TAG_FILE_NAME = 14;

    public static final class BadHeader extends Exception {
        public BadHeader(String message) {
            super(message);
        }
    }

    /** Reads the header from the start of {@code bytes}, which must hold at least the whole header. */
    public static SignedHeader read(ByteBuffer bytes) throws BadHeader {
        ByteBuffer in = bytes.duplicate();
        if (in.remaining() < 10) {
            throw new BadHeader("too short for a signed header (" + in.remaining() + " bytes)");
        }
        if ((in.get() & 0xff) != TAG_VERSION || in.getShort() != 2) {
            throw new BadHeader("no version record at the start");
        }
        int major = in.get() & 0xff;
        int minor = in.get() & 0xff;
        if ((in.get() & 0xff) != TAG_HEADER_LENGTH || in.getShort() != 2) {
            throw new BadHeader("no header-length record");
        }
        int length = in.getShort() & 0xffff;
        if (length < in.position() || length > bytes.remaining()) {
            throw new BadHeader("header length " + length + " does not fit a file of " + bytes.remaining() + " bytes");
        }
        Optional<String> name = Optional.empty();
        while (in.position() + 3 <= length) {
            int tag = in.get() & 0xff;
            int valueLength = in.getShort() & 0xffff;
            if (in.position() + valueLength > length) {
                throw new BadHeader("record " + tag + " runs past the header's end");
            }
            if (tag == TAG_FILE_NAME) {
                byte[] value = new byte[valueLength];
                in.get(value);
                int end = 0;
                while (end < value.length && value[end] != 0) {
                    end++;
                }
                name = Optional.of(new String(value, 0, end, StandardCharsets.US_ASCII));
            } else {
                in.position(in.position() + valueLength);
            }
        }
        return new SignedHeader(major, minor, length, name);
    }
}
