-- Each member's K nearest and K farthest members over everyone, kept exact as member vectors change
-- (NeighbourLists). If (a, b) is among the k most alike pairs, b is among a's k nearest (and likewise for the
-- least alike), so with K >= k both pair rankings become a read of the 2k best rows instead of one search per member.
SET search_path TO analysis, public;

ALTER TABLE member
    ADD COLUMN neighbours_moved boolean NOT NULL DEFAULT true,  -- the vector changed: other members' lists may need it
    ADD COLUMN neighbours_stale boolean NOT NULL DEFAULT true,  -- the member's own lists must be rebuilt
    ADD COLUMN near_bound double precision,  -- the K-th nearest distance; null while the list holds everyone
    ADD COLUMN far_bound  double precision;  -- the K-th farthest distance; null while the list holds everyone
-- "Are the lists current?" is asked by every pair ranking: a partial index keeps it one lookup.
CREATE INDEX member_neighbours_pending ON member (model_id) WHERE neighbours_moved OR neighbours_stale;

CREATE TABLE member_neighbour (
    model_id text             NOT NULL,
    name     text             NOT NULL,   -- whose list
    far      boolean          NOT NULL,   -- false: nearest, true: farthest
    other    text             NOT NULL,
    distance double precision NOT NULL,   -- Euclidean between the unit vectors
    PRIMARY KEY (model_id, name, far, other),
    FOREIGN KEY (model_id, name) REFERENCES member ON DELETE CASCADE,
    FOREIGN KEY (model_id, other) REFERENCES member ON DELETE CASCADE
);
-- the lists that hold a member whose vector moved
CREATE INDEX member_neighbour_other ON member_neighbour (model_id, other);
-- the rankings: the best rows in distance order
CREATE INDEX member_neighbour_distance ON member_neighbour (model_id, far, distance);
