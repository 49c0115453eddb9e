package org.phoneflasher.files;

import java.io.ByteArrayInputStream;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;

/**
 * Content held in memory: the configs the box generates are a few kilobytes, made per request, and never touch
 * the stick. The bytes are copied in and out so nobody can change a config after it was made.
 */
public record BytesContent(String name, byte[] bytes) implements Content {

    public BytesContent {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public long size() {
        return bytes.length;
    }

    @Override
    public ReadableByteChannel open() {
        return Channels.newChannel(new ByteArrayInputStream(bytes));
    }

    /** Name and size only: a generated config can hold a line's password. */
    @Override
    public String toString() {
        return "BytesContent[" + name + ", " + bytes.length + " bytes]";
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof BytesContent that && name.equals(that.name) && java.util.Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + java.util.Arrays.hashCode(bytes);
    }
}
