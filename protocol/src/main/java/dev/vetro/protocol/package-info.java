/**
 * PostgreSQL v3 wire protocol for the Vetro proxy: immutable message types, codecs over Pekko
 * {@code ByteString}, and the framing stages of the startup and typed phases. No actors, no
 * sockets: everything here is a pure function of bytes or a self-contained stream stage.
 */
package dev.vetro.protocol;
