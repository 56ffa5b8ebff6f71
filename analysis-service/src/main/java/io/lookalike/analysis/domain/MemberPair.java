package io.lookalike.analysis.domain;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;

/** Two members by name: a pair of a {@link PairList}. */
@Embeddable
public class MemberPair {
    @Column(name = "member_a")
    public String a;
    @Column(name = "member_b")
    public String b;

    public MemberPair() {
    }

    public MemberPair(String a, String b) {
        this.a = a;
        this.b = b;
    }
}
