package app;

public class Suppressed {
    static class Conn implements AutoCloseable {
        public void close() { throw new IllegalStateException("close failed: socket already closed"); }
        void send(String m) { throw new UnsupportedOperationException("send not supported: " + m); }
    }

    public static void main(String[] args) {
        System.out.println("sending");
        try (Conn c = new Conn()) {
            c.send("ping");
        }
    }
}
