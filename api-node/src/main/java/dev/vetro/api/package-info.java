/**
 * The control plane: {@link dev.vetro.api.ApiMain} starts it, {@link dev.vetro.api.ApiServer} is
 * the handle tests use. Features live in sub-packages (accounts, workspace, databases, keys,
 * evaluation, proxyapi, decisions, ops); storage and http hold what they share.
 */
package dev.vetro.api;
