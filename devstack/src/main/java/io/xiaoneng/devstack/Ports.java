package io.xiaoneng.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Port checks done before anything starts, so a clash is a clear message instead of a half-started stack. */
public final class Ports {
    private Ports() {}

    public static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            // As a server would bind it: connections lingering in TIME_WAIT do not make a port taken.
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean isListening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 300);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The kernel's range of ports for outgoing connections ({@code ip_local_port_range}), if it can be read. */
    public static Optional<int[]> ephemeralRange() {
        return ephemeralRange(Path.of("/proc/sys/net/ipv4/ip_local_port_range"));
    }

    static Optional<int[]> ephemeralRange(Path file) {
        try {
            String[] parts = Files.readString(file).trim().split("\\s+");
            return Optional.of(new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])});
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // not Linux, or not readable: nothing to warn about
        }
    }

    /**
     * The stack's ports that lie in the ephemeral range: free when checked, any of them can be taken by one of the
     * machine's own outgoing connections (a Kafka client, Keycloak, a browser) before its component binds it, and the
     * start fails half-way. The default ports are below every usual range; a large {@code --port-offset} is not.
     */
    public static Map<String, Integer> inEphemeralRange(Map<String, Integer> ports, int[] range) {
        Map<String, Integer> inside = new LinkedHashMap<>();
        ports.forEach((component, port) -> {
            if (port >= range[0] && port <= range[1]) {
                inside.put(component, port);
            }
        });
        return inside;
    }

    /** Every port the stack binds, named by the component that owns it. */
    public static Map<String, Integer> of(StackLayout layout) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("PostgreSQL", layout.postgresPort());
        ports.put("Kafka broker", layout.kafkaPort());
        ports.put("Kafka controller", layout.kafkaControllerPort());
        ports.put("Keycloak", layout.keycloakPort());
        layout.services().forEach(s -> ports.put(s.module(), s.port()));
        return ports;
    }
}
