package app;

import java.util.logging.Logger;

public class OkLogging {
    static final Logger LOG = Logger.getLogger("app.sync");

    public static void main(String[] args) {
        LOG.info("sync started, 3 sources");
        LOG.info("source users: 120 rows, 0 errors");
        LOG.info("errorHandler=retry maxErrors=5");
        LOG.info("sync finished: errors: none");
    }
}
