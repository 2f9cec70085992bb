ADD <https://dipkg.example.org/id/graph/ontology> TO <https://dipkg.example.org/id/graph/inferred>
