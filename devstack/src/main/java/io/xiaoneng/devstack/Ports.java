package io.xiaoneng.devstack;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.LinkedHashMap;
import java.util.Map;

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
