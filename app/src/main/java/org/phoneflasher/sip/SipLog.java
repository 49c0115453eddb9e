package org.phoneflasher.sip;

import gov.nist.core.ServerLogger;
import gov.nist.core.StackLogger;
import gov.nist.javax.sip.message.SIPMessage;
import java.util.Properties;
import javax.sip.SipStack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JAIN-SIP's logging, through slf4j like the rest of the box: its own logger needs log4j, which the box does not ship.
 * The stack's chatter goes to debug; its errors and warnings to warn, since a stranger's bad packet causes them too.
 * Named by class in the stack's properties ({@link SipStacks}), so both need a public no-argument constructor.
 */
public final class SipLog implements StackLogger {
    private static final Logger LOG = LoggerFactory.getLogger("org.phoneflasher.sip.stack");

    @Override public void logStackTrace() {}
    @Override public void logStackTrace(int traceLevel) {}
    @Override public int getLineCount() { return 0; }
    @Override public void logException(Throwable ex) { LOG.debug("SIP stack", ex); }
    @Override public void logDebug(String message) { LOG.debug(message); }
    @Override public void logDebug(String message, Exception ex) { LOG.debug(message, ex); }
    @Override public void logTrace(String message) { LOG.trace(message); }
    @Override public void logFatalError(String message) { LOG.warn(message); }
    @Override public void logError(String message) { LOG.warn(message); }
    @Override public boolean isLoggingEnabled() { return LOG.isWarnEnabled(); }

    @Override
    public boolean isLoggingEnabled(int level) {
        // Its INFO is every message in and out: debug here, as in logInfo.
        return level <= TRACE_WARN ? LOG.isWarnEnabled() : level <= TRACE_DEBUG ? LOG.isDebugEnabled() : LOG.isTraceEnabled();
    }

    @Override public void logError(String message, Exception ex) { LOG.warn(message, ex); }
    @Override
    public void logWarning(String message) {
        // The stack warns at every start that TLS is not set up; the box speaks no TLS.
        if (message != null && message.toLowerCase(java.util.Locale.ROOT).matches(".*(tls|keystore|truststore|key store|trust store).*")) {
            LOG.debug(message);
        } else {
            LOG.warn(message);
        }
    }
    // The stack logs every message it sends or receives at INFO: on the box's log that is debug.
    @Override public void logInfo(String message) { LOG.debug(message); }
    @Override public void disableLogging() {}
    @Override public void enableLogging() {}
    @Override public void setBuildTimeStamp(String buildTimeStamp) {}
    @Override public void setStackProperties(Properties stackProperties) {}
    @Override public String getLoggerName() { return LOG.getName(); }

    /** The stack's message log (every message in and out): off; the box logs what it decides instead. */
    public static final class Messages implements ServerLogger {
        @Override public void closeLogFile() {}
        @Override public void logMessage(SIPMessage message, String from, String to, boolean sender, long time) {}
        @Override public void logMessage(SIPMessage message, String from, String to, String status, boolean sender, long time) {}
        @Override public void logMessage(SIPMessage message, String from, String to, String status, boolean sender) {}
        @Override public void logException(Exception ex) { LOG.debug("SIP stack", ex); }
        @Override public void setStackProperties(Properties stackProperties) {}
        @Override public void setSipStack(SipStack sipStack) {}
    }
}
