/**
 * The exchange: one thin facade, {@link org.lantern.core.exchange.Exchange}, over small parts,
 * each with one job. Callers (HTTP API, loaders, command line) use the facade only.
 *
 * <h2>Map of the parts</h2>
 *
 * <table>
 *   <caption>The parts behind {@code Exchange}</caption>
 *   <tr><th>Part</th><th>Job</th><th>Thread-safety</th></tr>
 *   <tr><td>{@code ExchangeDirectory}</td><td>open (process lock, secret, recovery and change-log
 *       replay), the stores and indexes it opened, force, close</td><td>parts thread-safe for
 *       reads; close under the writer's lock</td></tr>
 *   <tr><td>{@code AccessPolicy}</td><td>the one place that decides who may do what
 *       ({@code authorize}) and see which signal ({@code visible}, {@code require}: hidden =
 *       not found)</td><td>thread-safe</td></tr>
 *   <tr><td>{@code OperationAudit}</td><td>the wrapper every caller-facing operation runs in:
 *       authorize, run, record the audit event built from the result (lookups also record
 *       refused queries)</td><td>thread-safe</td></tr>
 *   <tr><td>{@code SubmissionPreparer}</td><td>validation, canonicalisation, ids; a typed
 *       {@code PreparedSignal} per submission</td><td>thread-safe (a Mac per thread)</td></tr>
 *   <tr><td>{@code SignalWriter}</td><td>owns the write lock; every record change: submit,
 *       update, retract, expiry and retention, replication apply; publishes to the indexes</td>
 *       <td>thread-safe, writes serialized</td></tr>
 *   <tr><td>{@code Contributions}</td><td>the caller-facing writes over the writer: roles and
 *       audit entries of submit, retract, replicate, expire</td><td>thread-safe</td></tr>
 *   <tr><td>{@code SignalLookup}</td><td>every match path: by id, perceptual, exact, URL, text
 *       scan</td><td>thread-safe, never takes the write lock</td></tr>
 *   <tr><td>{@code DeltaFeed}</td><td>the change log as pages of signals the caller may see</td>
 *       <td>thread-safe</td></tr>
 *   <tr><td>{@code FeedbackLedger}</td><td>opinions on signals</td><td>thread-safe</td></tr>
 *   <tr><td>{@code AllowListEditor}</td><td>a participant's own allow-list</td>
 *       <td>thread-safe</td></tr>
 *   <tr><td>{@code ParticipantAdministration}</td><td>participants and API keys (admin)</td>
 *       <td>thread-safe</td></tr>
 *   <tr><td>{@code Oversight}</td><td>transparency figures, audit verify and export,
 *       provenance</td><td>thread-safe, reads only</td></tr>
 *   <tr><td>{@code Maintenance}</td><td>the background expiry sweep and text-index commit</td>
 *       <td>one daemon thread</td></tr>
 * </table>
 *
 * <p>Below them: {@code DerivedIndexes} keeps every index derived from the signal store in line
 * with it (Hamming indexes via {@code PerceptualIndex}, digests, the Lucene text index, the keyword
 * scanner); {@code AllowLists}, {@code ProvenanceGraph}, {@code SignalCanonicalizer}, {@code
 * Categories} and {@code AccountKeys} are the state and rules they share.
 *
 * <h2>Where a new rule goes</h2>
 *
 * <ul>
 *   <li>Who may see a signal or do an operation: {@code AccessPolicy} (nowhere else).
 *   <li>What the audit log records, or when (before or after the write): {@code OperationAudit}
 *       and the event builders next to each operation.
 *   <li>What a submission may contain: {@code SubmissionPreparer}.
 *   <li>What a lookup, the feed or provenance shows: {@code SignalLookup}, {@code DeltaFeed},
 *       {@code Oversight}; they filter through {@code AccessPolicy}.
 * </ul>
 */
package org.lantern.core.exchange;
