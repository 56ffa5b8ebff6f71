-- The faces' HNSW index on half-precision copies of the vectors (an expression index): half the pages, so at a
-- million faces the whole index stays in shared_buffers and each search touches half the memory, for the same
-- neighbours. analysis-service orders by the same expression (Scope.indexed) and reports distances computed on the
-- full vectors.
DROP INDEX IF EXISTS embed.face_embedding_hnsw;
CREATE INDEX face_embedding_hnsw ON embed.face USING hnsw ((embedding::halfvec(512)) halfvec_cosine_ops);
