package org.phoneflasher.pbx;

import java.io.IOException;
import java.io.Writer;
import java.util.List;
import java.util.Locale;
import org.phoneflasher.provisioning.Line;

/**
 * chan_sip sip.conf, for Asterisk before 21 (chan_sip was removed there): one peer per line, named as the phone's
 * auth name, since chan_sip matches a REGISTER's digest user name against peer names; defaultuser is the user it
 * registers.
 */
final class SipConf {
    private SipConf() {}

    static void write(List<PbxLine> lines, Writer writer) throws IOException {
        AsteriskConf conf = new AsteriskConf(writer);
        conf.comment("sip.conf peers for the phones in phones.csv, written by Phone Flasher.");
        for (PbxLine l : lines) {
            Line line = l.line();
            conf.comment("");
            conf.comment(l.mac().hex() + " (" + line.label() + "), profile " + l.profile().name());
            conf.section(line.authName());
            conf.key("type", "friend");
            conf.key("host", "dynamic");
            conf.key("defaultuser", line.name());
            conf.key("secret", line.password().reveal());
            conf.key("context", "from-internal");
            conf.key("callerid", AsteriskConf.callerId(line.displayName(), line.name()));
            conf.key("transport", l.profile().transport().name().toLowerCase(Locale.ROOT));
            conf.key("disallow", "all");
            conf.key("allow", String.join(",", Codecs.asterisk(l.profile())));
            conf.key("qualify", "yes");
        }
    }
}
