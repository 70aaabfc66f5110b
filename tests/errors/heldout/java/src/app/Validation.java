package app;

import java.util.ArrayList;
import java.util.List;

public class Validation {
    static class InvalidConfigException extends RuntimeException {
        InvalidConfigException(List<String> problems) {
            super("invalid config:\n  - " + String.join("\n  - ", problems));
        }
    }

    static void check(String host, int port) {
        List<String> problems = new ArrayList<>();
        if (host.isEmpty()) problems.add("host is empty");
        if (port <= 0) problems.add("port must be positive, got " + port);
        if (!problems.isEmpty()) throw new InvalidConfigException(problems);
    }

    public static void main(String[] args) {
        check("", -1);
    }
}
