MOVE <https://dipkg.example.org/id/graph/ontology> TO <urn:x-test:moved>
