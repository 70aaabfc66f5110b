package app;

import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

public class Logged {
    static final Logger LOG = Logger.getLogger("app.worker");

    static int parse(String s) { return Integer.parseInt(s); }

    public static void main(String[] args) {
        System.setProperty("java.util.logging.SimpleFormatter.format", "%4$s %3$s: %5$s%6$s%n");
        for (String s : List.of("1", "two", "3")) {
            try {
                LOG.info("parsed " + parse(s));
            } catch (NumberFormatException e) {
                LOG.log(Level.SEVERE, "bad input " + s, e);
            }
        }
        LOG.info("done");
    }
}
