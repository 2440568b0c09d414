export * from './addr';
export * from './prefix';
export * from './pools';
export * from './ipam';
export * from './overlap';
export * from './static';
export { goQuote } from './gostr';
export * from './mac';
