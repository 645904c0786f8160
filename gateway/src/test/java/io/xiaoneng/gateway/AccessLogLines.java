package io.xiaoneng.gateway;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** The gateway's access-log lines written while it is open (the JBoss log manager is a java.util.logging one). */
final class AccessLogLines implements AutoCloseable {

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger access = Logger.getLogger("io.xiaoneng.gateway.access");
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getParameters() == null ? record.getMessage()
                    : String.format(record.getMessage(), record.getParameters()));
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    AccessLogLines() {
        access.addHandler(handler);
    }

    List<String> lines() {
        return lines;
    }

    @Override
    public void close() {
        access.removeHandler(handler);
    }
}
