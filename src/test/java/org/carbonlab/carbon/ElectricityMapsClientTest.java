package org.carbonlab.carbon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a loopback server that replays recorded responses. */
class ElectricityMapsClientTest {

    static final String TOKEN = "test-token-5f3a9c";

    /** A loopback server: per path, a status and body (or a delay); records the tokens it saw. */
    static final class FakeApi implements AutoCloseable {
        final HttpServer server;
        final Map<String, Object[]> routes = new ConcurrentHashMap<>();
        final List<String> tokens = new CopyOnWriteArrayList<>();

        FakeApi() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            server.createContext("/", ex -> {
                tokens.add(ex.getRequestHeaders().getFirst("auth-token"));
                Object[] r = routes.getOrDefault(ex.getRequestURI().getPath(), new Object[] {404, "{}", 0L});
                try {
                    Thread.sleep((Long) r[2]);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                byte[] body = ((String) r[1]).getBytes(StandardCharsets.UTF_8);
                try {
                    ex.sendResponseHeaders((Integer) r[0], body.length);
                    try (OutputStream os = ex.getResponseBody()) {
                        os.write(body);
                    }
                } catch (IOException clientGone) {
                    // the client timed out and closed the connection
                }
            });
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
        }

        URI base() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v3/");
        }

        void route(String endpoint, int status, String body, long delayMillis) {
            routes.put("/v3/carbon-intensity/" + endpoint, new Object[] {status, body, delayMillis});
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    static String recorded(String name) throws IOException {
        try (InputStream in = ElectricityMapsClientTest.class.getResourceAsStream("/electricitymaps/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private FakeApi api;
    private ElectricityMapsClient client;

    @BeforeEach
    void start() throws IOException {
        api = new FakeApi();
        client = new ElectricityMapsClient(api.base(), TOKEN, Duration.ofMillis(700));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void latestHistoryAndForecastParseWithTheirProvenance() throws Exception {
        api.route("latest", 200, recorded("latest-DE.json"), 0);
        api.route("history", 200, recorded("history-DE.json"), 0);
        api.route("forecast", 200, recorded("forecast-DE.json"), 0);
        CarbonIntensity latest = client.latest("DE");
        assertEquals(302.0, latest.gramsPerKwh());
        assertEquals(2026, latest.year());
        assertTrue(latest.source().contains("Electricity Maps API latest at 2026-11-27T22:00:00Z (lifecycle, estimated)"),
                latest.source());
        IntensitySeries history = client.history("DE");
        assertEquals(3, history.points("DE").size());
        assertEquals(305.0, history.at("DE", Instant.parse("2026-11-27T21:30:00Z")));
        IntensitySeries forecast = client.forecast("DE");
        assertEquals(240.0, forecast.at("DE", Instant.parse("2026-11-28T01:10:00Z")));
        assertTrue(api.tokens.stream().allMatch(TOKEN::equals), "the token travels in the auth-token header");
    }

    @Test
    void failuresSayWhatFailedAndNeverShowTheToken() {
        api.route("latest", 401, "{\"message\":\"Invalid token " + TOKEN + "\"}", 0);
        assertFailure("HTTP 401 (token rejected: check CARBONLAB_ELECTRICITYMAPS_TOKEN)");
        api.route("latest", 429, "{\"message\":\"Too many requests\"}", 0);
        assertFailure("HTTP 429 (rate limited");
        api.route("latest", 200, "<html>gateway error</html>", 0);
        assertFailure("malformed body (not JSON)");
        api.route("latest", 200, "{\"zone\":\"DE\",\"carbonIntensity\":\"high\"}", 0);
        assertFailure("malformed body (no numeric carbonIntensity");
        api.route("latest", 200, recorded0("latest-DE.json"), 3000);
        assertFailure("no answer within 700 ms");
        api.route("history", 200, "{\"zone\":\"DE\"}", 0);
        ElectricityMapsClient.ApiException e = assertThrows(ElectricityMapsClient.ApiException.class,
                () -> client.history("DE"));
        assertTrue(e.getMessage().contains("no 'history' array"), e.getMessage());
    }

    private static String recorded0(String name) {
        try {
            return recorded(name);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void assertFailure(String expected) {
        ElectricityMapsClient.ApiException e = assertThrows(ElectricityMapsClient.ApiException.class,
                () -> client.latest("DE"));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertFalse(e.getMessage().contains(TOKEN), "the token leaked into: " + e.getMessage());
    }

    @Test
    void aFailedCallFallsBackToTheTableAndSaysSo() {
        api.route("latest", 429, "{}", 0);
        IntensityResolver.Resolved r = new IntensityResolver(IntensityTable.load(), Optional.of(client))
                .resolve(Optional.empty(), Optional.of("DE"));
        assertEquals(IntensityTable.load().find("DE").orElseThrow().intensity(), r.intensity());
        assertTrue(r.notes().get(0).contains("HTTP 429") && r.notes().get(0).contains("fell back to the table"),
                r.notes().toString());
    }

    @Test
    void noTokenMeansNoClient() {
        assertTrue(ElectricityMapsClient.fromEnvironment(Map.of()).isEmpty());
        assertTrue(ElectricityMapsClient.fromEnvironment(Map.of(ElectricityMapsClient.TOKEN_ENV, " ")).isEmpty());
        assertTrue(ElectricityMapsClient.fromEnvironment(Map.of(ElectricityMapsClient.TOKEN_ENV, "x")).isPresent());
    }
}
