package org.carbonlab.carbon;

import java.io.IOException;
import java.net.URI;

/** Lets tests in other packages use the loopback fake API of {@link ElectricityMapsClientTest}. */
public final class ElectricityMapsClientTestAccess {

    private ElectricityMapsClientTestAccess() {
    }

    /** A fake API that rejects every token with HTTP 401. */
    public static final class Server implements AutoCloseable {
        private final ElectricityMapsClientTest.FakeApi api = new ElectricityMapsClientTest.FakeApi();

        public Server() throws IOException {
            api.route("latest", 401, "{\"message\":\"Invalid token\"}", 0);
        }

        public URI base401() {
            return api.base();
        }

        public boolean sawToken(String token) {
            return api.tokens.contains(token);
        }

        @Override
        public void close() {
            api.close();
        }
    }
}
