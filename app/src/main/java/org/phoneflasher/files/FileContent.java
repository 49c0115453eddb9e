package org.phoneflasher.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** A file on disk, streamed through a FileChannel. */
public record FileContent(String name, Path path, long size) implements Content {
    @Override
    public ReadableByteChannel open() throws IOException {
        return FileChannel.open(path, StandardOpenOption.READ);
    }
}
