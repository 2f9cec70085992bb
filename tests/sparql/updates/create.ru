CREATE GRAPH <urn:x-test:new>
