/**
 * PostgreSQL-exact (and MySQL) lexing for the firewall: {@link dev.vetro.policy.lexer.Lexer},
 * {@link dev.vetro.policy.lexer.Statements} (split), {@link dev.vetro.policy.lexer.Fingerprint},
 * {@link dev.vetro.policy.lexer.Redactor} and {@link dev.vetro.policy.lexer.Classifier}. Nothing
 * here throws on bad SQL; see README.md in this directory.
 */
package dev.vetro.policy.lexer;
