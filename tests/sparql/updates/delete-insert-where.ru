DELETE { ?s rdfs:label ?l } INSERT { ?s rdfs:label "Hacked"@en } WHERE { ?s rdfs:label ?l }
