DROP GRAPH <https://dipkg.example.org/id/graph/ontology>
