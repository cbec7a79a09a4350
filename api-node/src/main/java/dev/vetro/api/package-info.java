/** Placeholder until the module gets content. */
package dev.vetro.api;
