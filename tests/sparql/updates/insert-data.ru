INSERT DATA { id:russia rdfs:label "Hacked"@en }
