DELETE DATA { GRAPH <https://dipkg.example.org/id/graph/ontology> { dip:Meeting a owl:Class } }
