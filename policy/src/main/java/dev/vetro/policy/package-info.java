/**
 * SQL policy engine: {@link dev.vetro.policy.PolicyEngine} turns a SQL string, an {@link
 * dev.vetro.policy.EvalContext} and a {@link dev.vetro.policy.CompiledPolicy} into a {@link
 * dev.vetro.policy.decision.Decision}. Sub-packages by feature: lexer, analysis, rules, decision,
 * cache, cli. See policy/README.md and docs/policy-engine.md.
 */
package dev.vetro.policy;
