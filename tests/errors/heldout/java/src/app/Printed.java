package app;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

public class Printed {
    static String load(String p) throws IOException {
        return Files.readString(Path.of(p));
    }

    public static void main(String[] args) {
        for (String p : new String[] {"/nonexistent/a.conf", "/nonexistent/b.conf"}) {
            System.err.println("loading " + p);
            try {
                load(p);
            } catch (IOException e) {
                e.printStackTrace();
            }
        }
        System.err.println("continuing with defaults");
    }
}
