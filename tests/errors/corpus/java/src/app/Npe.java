package app;

import java.util.HashMap;
import java.util.Map;

public class Npe {
    static Map<String, String> config = new HashMap<>();

    static int port() {
        return Integer.parseInt(config.get("port").trim());
    }

    public static void main(String[] args) {
        System.err.println("starting on port " + port());
    }
}
