package app;

import java.io.FileReader;
import java.io.IOException;

public class Caused {
    static class StoreException extends RuntimeException {
        StoreException(String m, Throwable cause) { super(m, cause); }
    }

    static String read(String path) throws IOException {
        try (FileReader r = new FileReader(path)) {
            return "ok";
        }
    }

    static void open(String path) {
        try {
            read(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open store " + path, e);
        }
    }

    static void start() {
        try {
            open("/nonexistent/store.db");
        } catch (IllegalStateException e) {
            throw new StoreException("startup failed", e);
        }
    }

    public static void main(String[] args) {
        start();
    }
}
