COPY <https://dipkg.example.org/id/graph/inferred> TO <https://dipkg.example.org/id/graph/ontology>
