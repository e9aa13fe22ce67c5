/**
 * The exchange: one thin facade, {@link org.lantern.core.exchange.Exchange}, over small parts,
 * each with one job. Callers (HTTP API, loaders, command line) use the facade only: its own
 * methods for writes, lookups and provenance, and its accessors for the public roles
 * ({@code exchange.administration().add(caller, id, name, roles)}). A public role's constructor
 * stays package-private: only the facade builds and wires it.
 *
 * <h2>Map of the parts</h2>
 *
 * <table>
 *   <caption>The parts behind {@code Exchange}</caption>
 *   <tr><th>Part</th><th>From the facade</th><th>Job</th><th>Thread-safety</th></tr>
 *   <tr><td>{@code ExchangeDirectory}</td><td>internal ({@code dataDir}, {@code participants},
 *       {@code warnings}, {@code storedSignals}, {@code recovered}, {@code replayedOnOpen},
 *       {@code lastSequence}, {@code readOnlyOf} read it)</td><td>open (process lock, secret,
 *       recovery and change-log replay), the stores and indexes it opened, force, close</td>
 *       <td>parts thread-safe for reads; close under the writer's lock</td></tr>
 *   <tr><td>{@code AccessPolicy}</td><td>internal</td><td>the one place that decides who may do
 *       what ({@code authorize}) and see which signal ({@code visible}, {@code require}: hidden =
 *       not found)</td><td>thread-safe</td></tr>
 *   <tr><td>{@code OperationAudit}</td><td>internal</td><td>the wrapper every caller-facing
 *       operation runs in: authorize, run, record the audit event built from the result (lookups
 *       also record refused queries)</td><td>thread-safe</td></tr>
 *   <tr><td>{@code SubmissionPreparer}</td><td>internal</td><td>validation, canonicalisation,
 *       ids; a typed {@code PreparedSignal} per submission</td><td>thread-safe (a Mac per
 *       thread)</td></tr>
 *   <tr><td>{@code SignalWriter}</td><td>internal ({@code verify}, {@code force}, {@code close}
 *       take its lock)</td><td>owns the write lock; every record change: submit, update, retract,
 *       expiry and retention, replication apply; publishes to the indexes</td>
 *       <td>thread-safe, writes serialized</td></tr>
 *   <tr><td>{@code Contributions}</td><td>{@code submit}, {@code prepare}, {@code retract},
 *       {@code retractValues}, {@code expireDue}, {@code replicate}</td><td>the caller-facing
 *       writes over the writer: roles and audit entries of submit, retract, replicate,
 *       expire</td><td>thread-safe</td></tr>
 *   <tr><td>{@code SignalLookup}</td><td>{@code get}, {@code match*}, {@code scanText}</td>
 *       <td>every match path: by id, perceptual, exact, URL, text scan</td><td>thread-safe, never
 *       takes the write lock</td></tr>
 *   <tr><td>{@code CallerFilters}</td><td>internal</td><td>the per-lookup filters passed down
 *       into the indexes (a {@code HitFilter} for Hamming indexes, a {@code TextFilter} for
 *       Lucene), so a lookup returns the {@code limit} nearest acceptable signals in one
 *       pass</td><td>one filter per lookup</td></tr>
 *   <tr><td>{@code Audiences}, {@code OrdinalAudiences}</td><td>internal</td><td>(contributor,
 *       visibility) pairs as small ids, a per-caller bitmap of the visible ones, and the id of
 *       each Hamming ordinal: visibility in two array reads per candidate</td><td>thread-safe;
 *       one writer for the ordinals</td></tr>
 *   <tr><td>{@code DeltaFeed}</td><td>{@code deltaFeed()}: {@code updates}, {@code cursor}</td>
 *       <td>the change log as pages of signals the caller may see, behind opaque cursors</td>
 *       <td>thread-safe</td></tr>
 *   <tr><td>{@code ModifiedFeed}</td><td>{@code modifiedFeed()}: {@code modifiedSince},
 *       {@code activeSignals}</td><td>the signals the caller may see by modification time
 *       ({@code ModificationOrder}, per audience, place times that never go back; {@code
 *       SameValue})</td><td>thread-safe; built on first use</td></tr>
 *   <tr><td>{@code FeedbackLedger}</td><td>{@code feedback()}: {@code setOpinion}, {@code
 *       opinions}, {@code received}</td><td>opinions on signals</td><td>thread-safe</td></tr>
 *   <tr><td>{@code AllowListEditor}</td><td>{@code allowLists()}: {@code allow}, {@code
 *       disallow}, {@code list}</td><td>a participant's own allow-list</td>
 *       <td>thread-safe</td></tr>
 *   <tr><td>{@code ParticipantAdministration}</td><td>{@code administration()}: {@code add},
 *       {@code setSuspended}, {@code createKey}, {@code revokeKey}, {@code list}</td>
 *       <td>participants and API keys (admin)</td><td>thread-safe</td></tr>
 *   <tr><td>{@code Oversight}</td><td>{@code oversight()}: {@code stats}, {@code verifyAudit},
 *       {@code auditHead}, {@code exportAudit}, {@code recordRead}, {@code recordOperation},
 *       {@code recordRefusal}; and {@code provenance} on the facade</td><td>transparency figures,
 *       audit verify, anchor and export, the audit records of what a door did without reading
 *       the exchange, provenance</td><td>thread-safe; reads the records, appends to the audit
 *       log only</td></tr>
 *   <tr><td>{@code MemberViews} + {@code SignalListing}</td><td>{@code members()}: {@code self},
 *       {@code categories}, {@code participantNames}, {@code listSignals}</td><td>a member's own
 *       record, the participant names to share with, the category vocabulary, the signals it may
 *       see listed newest change first</td><td>thread-safe, reads only</td></tr>
 *   <tr><td>{@code Maintenance}</td><td>internal (stopped by {@code close})</td><td>the
 *       background expiry sweep and text-index commit</td><td>one daemon thread</td></tr>
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
 *       {@code Oversight}; they filter through {@code AccessPolicy}. Lookups filter inside the
 *       search by audience ({@code Audience#visibleTo} calls {@code AccessPolicy#visible}), so a
 *       visibility rule that depends only on the signal's contributor and visibility list holds
 *       there by construction; a rule that needs more of the signal must also be made an
 *       audience property (or the in-search filter would let through what the record check then
 *       drops, and answers would come back short).
 * </ul>
 */
package org.lantern.core.exchange;
