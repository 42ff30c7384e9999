// Open311 answers in the two formats of the spec: JSON (arrays of objects) and XML, its required one
// (a root element holding one element per item), written by fast-xml-parser's builder rather than by
// hand so that every text is escaped the one right way.
import type { Response } from 'express'
import { XMLBuilder } from 'fast-xml-parser'
import type { Open311Error } from '../../core/wire/open311.js'

export type Open311Format = 'json' | 'xml'

const builder = new XMLBuilder({ format: false, suppressEmptyNode: false, processEntities: true })

/** Sends `items` as a JSON array, or as XML `<root><item>…</item>…</root>`. */
export function sendOpen311(res: Response, format: Open311Format, status: number, root: string, item: string, items: readonly object[]): void {
  res.status(status)
  if (format === 'json') {
    res.json(items)
    return
  }
  res.type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: { [item]: items } })}`)
}

/** Sends one object as JSON, or as XML `<root>…</root>` (discovery, a service's definition). */
export function sendOpen311Object(res: Response, format: Open311Format, root: string, object: object, xmlShape: object = object): void {
  if (format === 'json') {
    res.json(object)
    return
  }
  res.type('text/xml; charset=utf-8').send(`<?xml version="1.0" encoding="utf-8"?>${builder.build({ [root]: xmlShape })}`)
}

/** The spec's error answer: `[{ code, description }]`, or `<errors><error>…</error></errors>`. */
export function sendOpen311Error(res: Response, format: Open311Format, status: number, description: string): void {
  const errors: Open311Error[] = [{ code: status, description }]
  sendOpen311(res, format, status, 'errors', 'error', errors)
}
