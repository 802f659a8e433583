// The derive language: programs of assignments and expressions.
//
// Precedence, loosest first: comparisons (< <= > >= == !=, not chained), + -, * /,
// unary - +, ^ (right-associative, also **).
// Sums and products are loops, not left recursion, so a million-term sum is one flat
// context instead of a million nested ones. The graph is built by a parse listener from the
// labelled parts below, without keeping a parse tree.
grammar Derive;

@lexer::members {
    /** Open parentheses; newlines inside parentheses are not statement separators. */
    private int parenDepth = 0;
}

program
    : separator* statement (separator+ statement)* separator* EOF
    ;

// One expression and nothing else, such as a value given on the command line.
single
    : comparison EOF
    ;

separator
    : NEWLINE
    | SEMI
    ;

// A bare statement may list several values; the last statement's are the program's outputs.
statement
    : name=NAME ASSIGN comparison                       # Assignment
    | outputs+=comparison (COMMA outputs+=comparison)*  # Bare
    ;

// 1 where the comparison holds, 0 where not; a comparison does not chain (a < b < c).
comparison
    : expr (op=(LT | LE | GT | GE | EQ | NE) expr)?
    ;

expr
    : term (ops+=(PLUS | MINUS) term)*
    ;

term
    : unary (ops+=(STAR | SLASH) unary)*
    ;

unary
    : op=(MINUS | PLUS) unary   # Sign
    | power                     # Plain
    ;

// The exponent is a unary, which makes ^ right-associative and lets 2^-x mean 2^(-x).
power
    : atom ((CARET | STARSTAR) exponent=unary)?
    ;

atom
    : value=NUMBER                                          # Number
    | name=NAME LPAREN (args+=comparison (COMMA args+=comparison)*)? RPAREN  # Call
    | name=NAME                                             # Name
    | LPAREN comparison RPAREN                              # Parens
    ;

NUMBER
    : DIGITS (DOT DIGITS?)? EXPONENT?
    | DOT DIGITS EXPONENT?
    ;

NAME     : [A-Za-z_] [A-Za-z_0-9]* ;
STARSTAR : '**' ;
CARET    : '^' ;
STAR     : '*' ;
SLASH    : '/' ;
PLUS     : '+' ;
MINUS    : '-' ;
LE       : '<=' ;
GE       : '>=' ;
EQ       : '==' ;
NE       : '!=' ;
LT       : '<' ;
GT       : '>' ;
ASSIGN   : '=' ;
COMMA    : ',' ;
SEMI     : ';' ;
LPAREN   : '(' { parenDepth++; } ;
RPAREN   : ')' { if (parenDepth > 0) parenDepth--; } ;
NEWLINE  : ('\r'? '\n' | '\r') { if (parenDepth > 0) skip(); } ;
COMMENT  : '#' ~[\r\n]* -> skip ;
SPACE    : [ \t\f]+ -> skip ;

// Anything else is one token of its own, so the parser reports it with its position.
STRAY    : . ;

fragment DIGITS   : [0-9]+ ;
fragment DOT      : '.' ;
fragment EXPONENT : [eE] [+-]? DIGITS ;
