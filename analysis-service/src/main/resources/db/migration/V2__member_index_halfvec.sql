-- Pair rankings make one HNSW search per member; on half-precision copies of the vectors (an expression index)
-- each search visits half the index pages. Queries order by the same expression (Scope.indexed); the distances
-- they report are computed on the full vectors.
DROP INDEX analysis.member_vector_hnsw;
CREATE INDEX member_vector_hnsw ON analysis.member USING hnsw ((vector::halfvec(512)) halfvec_cosine_ops);
