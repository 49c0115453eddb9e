package org.phoneflasher.web;

import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.phoneflasher.events.Event;
import org.phoneflasher.events.EventBus;
import org.phoneflasher.firmware.Stick;
import org.phoneflasher.firmware.StickIndex;
import org.phoneflasher.firmware.TargetChoices;
import org.phoneflasher.pbx.ConfigZip;
import org.phoneflasher.pbx.PbxFormat;
import org.phoneflasher.pbx.PbxLine;
import org.phoneflasher.net.Mac;
import org.phoneflasher.provisioning.PageLines;
import org.phoneflasher.provisioning.Profiles;
import org.phoneflasher.store.PhoneStore;

/** The admin's changes, done on the box's services; each is logged as an event, so the log says who changed what when. */
public final class BoxActions implements AdminHandler.AdminActions {
    private final Stick stick;
    private final PhoneStore store;
    private final TargetChoices targets;
    private final EventBus events;
    private final Supplier<Profiles> profiles;
    private final String boxHost;
    private final PageLines pageLines;

    /** @param profiles flasher.conf and phones.csv as the config generator reads them, so the exports match the configs */
    public BoxActions(Stick stick, PhoneStore store, TargetChoices targets, EventBus events, Supplier<Profiles> profiles,
            String boxHost, PageLines pageLines) {
        this.pageLines = pageLines;
        this.profiles = profiles;
        this.boxHost = boxHost;
        this.stick = stick;
        this.store = store;
        this.targets = targets;
        this.events = events;
    }

    @Override
    public void export(PbxFormat format, Writer out) throws IOException {
        events.publish(new Event.AdminAction(Instant.now(), "export", format.fileName() + " downloaded"));
        format.write(PbxLine.of(profiles.get()), out);
    }

    @Override
    public void exportConfigs(java.io.OutputStream out) throws IOException {
        events.publish(new Event.AdminAction(Instant.now(), "export", ConfigZip.FILE_NAME + " downloaded"));
        ConfigZip.write(profiles.get(), boxHost, out);
    }

    @Override
    public PageLines.View lines(Mac mac) {
        return pageLines.view(mac);
    }

    @Override
    public String assignLine(Mac mac, PageLines.Assignment line) throws Exception {
        String message = pageLines.assign(mac, line);
        events.publish(new Event.AdminAction(Instant.now(), "line", message));
        return message;
    }

    @Override
    public String deleteLine(Mac mac, String line) throws Exception {
        String message = pageLines.delete(mac, line);
        events.publish(new Event.AdminAction(Instant.now(), "line", message));
        return message;
    }

    @Override
    public String rescan() {
        events.publish(new Event.AdminAction(Instant.now(), "rescan", "indexing the stick again"));
        StickIndex index = stick.rescan();
        if (!index.present()) {
            return "no stick";
        }
        return "stick indexed: " + index.bundles().size() + " bundle(s), " + index.loads().stream().filter(l -> !l.isDefault()).count()
                + " load(s), " + index.problems().size() + " problem(s)";
    }

    @Override
    public String clearHistory() throws Exception {
        try {
            int rows = store.clearFlashes().get(10, TimeUnit.SECONDS);
            String message = "cleared " + rows + " finished flash(es) from the history";
            events.publish(new Event.AdminAction(Instant.now(), "history cleared", message));
            return message;
        } catch (TimeoutException e) {
            return "clearing the history is queued behind other database writes";
        }
    }

    @Override
    public String target(String model, String load) throws Exception {
        try {
            String message = targets.choose(model, load, stick.current());
            events.publish(new Event.AdminAction(Instant.now(), "target", message));
            return message;
        } catch (TargetChoices.Refused e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }
}
