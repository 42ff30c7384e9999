// Session tokens: a checked token is remembered, but never past its expiry, and a token changed
// by one character is checked (and refused) whatever was remembered.
import { describe, expect, it } from 'vitest'
import { InvalidTokenError, createTokenSigner } from '../../../server/auth/tokens.js'

const claims = { username: 'operator', displayName: '值班员', role: 'operator' as const, area: '520602' }

describe('token signer', () => {
  it('refuses a remembered token once it has expired', async () => {
    const signer = createTokenSigner('a-secret-of-reasonable-length')
    const expiresAt = new Date(Date.now() + 60_000)
    const token = await signer.sign(claims, expiresAt)
    expect(await signer.verify(token)).toMatchObject({ username: 'operator', role: 'operator', area: '520602' })
    expect(await signer.verify(token)).toMatchObject({ username: 'operator' })
    await expect(signer.verify(token, new Date(expiresAt.getTime() + 1000))).rejects.toThrow(/expired/)
  })

  it('refuses a token altered after a good one was remembered, and one signed with another secret', async () => {
    const signer = createTokenSigner('a-secret-of-reasonable-length')
    const token = await signer.sign(claims, new Date(Date.now() + 60_000))
    await signer.verify(token)
    const [header, payload, signature] = token.split('.')
    const altered = `${header}.${payload}.${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`
    await expect(signer.verify(altered)).rejects.toBeInstanceOf(InvalidTokenError)
    const foreign = await createTokenSigner('another-secret-entirely').sign(claims, new Date(Date.now() + 60_000))
    await expect(signer.verify(foreign)).rejects.toThrow(/invalid/)
  })

  it('gives each caller its own copy of the claims', async () => {
    const signer = createTokenSigner('a-secret-of-reasonable-length')
    const token = await signer.sign(claims, new Date(Date.now() + 60_000))
    const first = await signer.verify(token)
    first.role = 'admin'
    expect((await signer.verify(token)).role).toBe('operator')
  })
})
