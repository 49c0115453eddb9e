package org.phoneflasher;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** "--name value" options and "--flag" switches of one command; anything unknown is an error, not ignored. */
public final class Args {
    private final Map<String, String> values = new HashMap<>();
    private final Set<String> flags = new HashSet<>();

    public static final class UsageError extends Exception {
        public UsageError(String message) {
            super(message);
        }
    }

    public Args(List<String> args, Set<String> valueNames, Set<String> flagNames) throws UsageError {
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (!arg.startsWith("--")) {
                throw new UsageError("unexpected argument: " + arg);
            }
            String name = arg.substring(2);
            if (flagNames.contains(name)) {
                flags.add(name);
            } else if (valueNames.contains(name)) {
                if (i + 1 >= args.size()) {
                    throw new UsageError(arg + " needs a value");
                }
                values.put(name, args.get(++i));
            } else {
                throw new UsageError("unknown option: " + arg);
            }
        }
    }

    public String required(String name) throws UsageError {
        String value = values.get(name);
        if (value == null) {
            throw new UsageError("--" + name + " is required");
        }
        return value;
    }

    public Optional<String> optional(String name) {
        return Optional.ofNullable(values.get(name));
    }

    public int integer(String name, int fallback) throws UsageError {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageError("--" + name + " must be a number, got: " + value);
        }
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }
}
