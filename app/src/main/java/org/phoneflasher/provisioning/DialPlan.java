package org.phoneflasher.provisioning;

import java.util.List;

/**
 * dialplan.xml (and dialplan-&lt;profile&gt;.xml): {@code <DIALTEMPLATE><TEMPLATE MATCH=… Timeout=… Rewrite=…/>}, the
 * upper-case spelling Cisco's SIP firmware reads (seed 003); the same file serves the 7940/7960. Rules come from
 * the profile; without any the phone gets one permissive rule, so no number is ever undiallable.
 */
public final class DialPlan {
    private DialPlan() {}

    public static byte[] write(List<DialRule> rules) {
        Xml x = Xml.bare();
        x.open("DIALTEMPLATE");
        for (DialRule rule : rules.isEmpty() ? List.of(DialRule.PERMISSIVE) : rules) {
            if (rule.rewrite().isEmpty()) {
                x.empty("TEMPLATE", "MATCH", rule.match(), "Timeout", Integer.toString(rule.timeout()));
            } else {
                x.empty("TEMPLATE", "MATCH", rule.match(), "Timeout", Integer.toString(rule.timeout()), "Rewrite", rule.rewrite());
            }
        }
        x.close();
        return x.bytes();
    }
}
