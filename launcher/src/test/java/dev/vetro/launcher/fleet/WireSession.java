package dev.vetro.launcher.fleet;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A PostgreSQL v3 session spoken byte by byte (trust auth): enough to learn the BackendKeyData the
 * client would quote, run a Query, and read how it ended, and to send a CancelRequest to any
 * address. pgjdbc keeps the cancel key private, and a raw CancelRequest sent to a chosen node is
 * the point of the test.
 */
public final class WireSession implements AutoCloseable {
  private final Socket socket;
  private final DataInputStream in;
  private final DataOutputStream out;
  public final int processId;
  public final byte[] secret;

  private WireSession(Socket socket, int processId, byte[] secret) throws IOException {
    this.socket = socket;
    this.in = new DataInputStream(socket.getInputStream());
    this.out = new DataOutputStream(socket.getOutputStream());
    this.processId = processId;
    this.secret = secret;
  }

  public static WireSession connect(int port, String user, String database) throws IOException {
    Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
    s.setSoTimeout(60_000);
    DataOutputStream out = new DataOutputStream(s.getOutputStream());
    byte[] params =
        ("user\0" + user + "\0database\0" + database + "\0\0").getBytes(StandardCharsets.UTF_8);
    out.writeInt(8 + params.length);
    out.writeInt(196608); // protocol 3.0
    out.write(params);
    out.flush();
    DataInputStream in = new DataInputStream(s.getInputStream());
    int pid = 0;
    byte[] key = null;
    while (true) {
      byte type = in.readByte();
      byte[] body = new byte[in.readInt() - 4];
      in.readFully(body);
      if (type == 'K') {
        pid =
            ((body[0] & 0xff) << 24)
                | ((body[1] & 0xff) << 16)
                | ((body[2] & 0xff) << 8)
                | (body[3] & 0xff);
        key = java.util.Arrays.copyOfRange(body, 4, body.length);
      } else if (type == 'E') {
        s.close();
        throw new IOException("startup failed: " + fields(body));
      } else if (type == 'R' && body[3] != 0) {
        s.close();
        throw new IOException("auth method " + body[3] + " asked; the test needs a trust role");
      } else if (type == 'Z') {
        break;
      }
    }
    if (key == null) {
      s.close();
      throw new IOException("no BackendKeyData");
    }
    return new WireSession(s, pid, key);
  }

  /** Sends a simple Query without waiting for its answer. */
  public void send(String sql) throws IOException {
    byte[] text = (sql + "\0").getBytes(StandardCharsets.UTF_8);
    out.writeByte('Q');
    out.writeInt(4 + text.length);
    out.write(text);
    out.flush();
  }

  /** Reads to ReadyForQuery; returns the SQLSTATE of the first ErrorResponse, or null. */
  public String awaitResult() throws IOException {
    String sqlState = null;
    while (true) {
      byte type = in.readByte();
      byte[] body = new byte[in.readInt() - 4];
      in.readFully(body);
      if (type == 'E' && sqlState == null) {
        sqlState = field(body, 'C');
      } else if (type == 'Z') {
        return sqlState;
      }
    }
  }

  /** Sends a CancelRequest for this session's key to {@code port} (any node). */
  public void cancelVia(int port) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      OutputStream o = s.getOutputStream();
      DataOutputStream d = new DataOutputStream(o);
      d.writeInt(12 + secret.length);
      d.writeInt(80877102);
      d.writeInt(processId);
      d.write(secret);
      d.flush();
      s.setSoTimeout(10_000);
      // PostgreSQL (and the proxy) answer nothing and close.
      s.getInputStream().read();
    }
  }

  /** A CancelRequest with a key no session has. */
  public static void cancelUnknown(int port, int pid, byte[] secret) throws IOException {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      DataOutputStream d = new DataOutputStream(s.getOutputStream());
      d.writeInt(12 + secret.length);
      d.writeInt(80877102);
      d.writeInt(pid);
      d.write(secret);
      d.flush();
      s.setSoTimeout(10_000);
      s.getInputStream().read();
    }
  }

  private static String field(byte[] body, char code) {
    int i = 0;
    while (i < body.length && body[i] != 0) {
      int end = i + 1;
      while (end < body.length && body[end] != 0) {
        end++;
      }
      if (body[i] == code) {
        return new String(body, i + 1, end - i - 1, StandardCharsets.UTF_8);
      }
      i = end + 1;
    }
    return null;
  }

  private static String fields(byte[] body) {
    return field(body, 'C') + " " + field(body, 'M');
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
