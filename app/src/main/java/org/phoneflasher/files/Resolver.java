package org.phoneflasher.files;

import java.net.InetAddress;
import java.util.List;

/**
 * The one place a requested name becomes content, for TFTP and HTTP alike. Sources are asked in order: names the
 * box generates come before the stick, so a stale config on the stick cannot shadow a generated one.
 */
public final class Resolver {
    private final List<ContentSource> sources;

    public Resolver(List<ContentSource> sources) {
        this.sources = List.copyOf(sources);
    }

    /** @param from the address the request came from (TFTP or HTTP) */
    public Resolution resolve(String requested, InetAddress from) {
        RequestPath path;
        try {
            path = RequestPath.parse(requested);
        } catch (RequestPath.RefusedName e) {
            return new Resolution.Refused(requested == null ? "" : requested, e.getMessage());
        }
        for (ContentSource source : sources) {
            Resolution found = source.find(path, from);
            if (!(found instanceof Resolution.NotFound)) {
                return found;
            }
        }
        return new Resolution.NotFound(requested);
    }
}
