/**
 * The Vetro proxy node: {@link dev.vetro.proxy.ProxyMain} (bin/vetro proxy) and {@link
 * dev.vetro.proxy.ProxyServer} (programmatic start/shutdown). Features live in sub-packages:
 * config, tls, listener, startup, relay, upstream, session, cancel.
 */
package dev.vetro.proxy;
