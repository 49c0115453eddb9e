package org.phoneflasher.files;

import java.io.IOException;
import java.nio.channels.ReadableByteChannel;

/** Another content's bytes under a name of the box's choosing (a termNN.default.loads made from a load's .loads). */
public record RenamedContent(String name, Content content) implements Content {

    @Override
    public long size() {
        return content.size();
    }

    @Override
    public ReadableByteChannel open() throws IOException {
        return content.open();
    }
}
