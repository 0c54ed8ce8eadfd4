package io.tributary.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP proxy in front of a server, so a test can make the server unreachable (every
 * connection dropped, new ones refused) and reachable again on the same port, while the server
 * itself keeps running; or cut the network silently ({@link #blackHole()}): nothing is forwarded
 * and nothing is closed, so each side learns of the cut only from its own timeouts, as in a
 * partition. Each connection is pumped by two named daemon threads.
 */
final class TestingTcpProxy implements AutoCloseable {
    private final int targetPort;
    private final int port;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private volatile boolean blackHole;

    private TestingTcpProxy(int targetPort, int port) {
        this.targetPort = targetPort;
        this.port = port;
    }

    /** A proxy on a free loopback port that forwards to {@code 127.0.0.1:targetPort}. */
    static TestingTcpProxy start(int targetPort) {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            TestingTcpProxy proxy = new TestingTcpProxy(targetPort, probe.getLocalPort());
            probe.close();
            proxy.restore();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int port() {
        return port;
    }

    /** Drops every connection and refuses new ones, as a server that went down. */
    synchronized void cut() throws IOException {
        if (listener != null) {
            listener.close();
            listener = null;
        }
        for (Socket socket : sockets) {
            socket.close();
        }
        sockets.clear();
    }

    /**
     * A silent network cut: bytes in either direction are dropped, a side that closes is not told
     * to the other, and new connections are accepted but never reach the server.
     */
    synchronized void blackHole() {
        blackHole = true;
    }

    /**
     * Ends a {@link #blackHole()}: the connections that lived through it are reset, as the peer
     * across a long partition has given up on them; new ones are forwarded again.
     */
    synchronized void heal() {
        blackHole = false;
        for (Socket socket : sockets) {
            closeQuietly(socket);
        }
    }

    /** Accepts connections again, on the same port. */
    synchronized void restore() throws IOException {
        if (listener != null) {
            return;
        }
        ServerSocket socket = new ServerSocket();
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        listener = socket;
        Thread acceptor = new Thread(() -> accept(socket), "tcp-proxy-accept-" + port);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException closed) {
                return; // cut() closed the listener
            }
            if (blackHole) {
                sockets.add(client); // held open and silent until heal() resets it
                continue;
            }
            try {
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(server);
                pump(client, server, "up");
                pump(server, client, "down");
            } catch (IOException refused) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to, String direction) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[16384];
            try {
                // Not try-with-resources: closing a socket's stream closes the socket, and in a
                // black hole the other side must stay open.
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int read;
                while ((read = in.read(buffer)) >= 0) {
                    if (!blackHole) {
                        out.write(buffer, 0, read);
                    }
                }
            } catch (IOException closed) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                if (!blackHole) {
                    closeQuietly(to); // in a black hole the other side is not told until heal()
                }
            }
        }, "tcp-proxy-" + direction + "-" + port);
        thread.setDaemon(true);
        thread.start();
    }

    private void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // nothing left to release
        }
        sockets.remove(socket);
    }

    @Override
    public void close() throws IOException {
        cut();
    }
}
