package dev.sigil.storage.jpa;

import dev.sigil.storage.acme.AcmeChallenge;
import dev.sigil.storage.acme.AcmeStatus;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.util.Optional;

/** Row of {@code acme_challenges}; {@code position} keeps the order in which they were offered. */
@Entity(name = "AcmeChallenge")
@Table(name = "acme_challenges")
class AcmeChallengeEntity {

    @Id
    @Column(name = "id")
    private String id;
    @Column(name = "authorization_id")
    private String authorizationId;
    @Column(name = "position")
    private int position;
    @Column(name = "challenge_type")
    private String type;
    @Column(name = "token")
    private String token;
    @Column(name = "status")
    private String status;
    @Column(name = "validated_at")
    private Long validatedAt;
    @Column(name = "error_json")
    private String errorJson;
    /** When processing began (microseconds); written only by the start-of-processing UPDATE, read by recovery. */
    @Column(name = "processing_since")
    private Long processingSince;

    protected AcmeChallengeEntity() {
    }

    static AcmeChallengeEntity from(AcmeChallenge c, int position) {
        AcmeChallengeEntity e = new AcmeChallengeEntity();
        e.id = c.id();
        e.authorizationId = c.authorizationId();
        e.position = position;
        e.type = c.type();
        e.token = c.token();
        e.status = AcmeStatusText.of(c.status());
        e.validatedAt = Micros.ofNullable(c.validatedAt());
        e.errorJson = c.errorJson().orElse(null);
        return e;
    }

    String authorizationId() {
        return authorizationId;
    }

    AcmeChallenge toRecord() {
        return new AcmeChallenge(id, authorizationId, type, token, AcmeStatusText.parse(AcmeStatus.Challenge.class,
                status), Micros.toOptional(validatedAt), Optional.ofNullable(errorJson));
    }
}
